"""The main window, composed: its collection session, actions, annotation edits, dialogs and entry presenter."""
