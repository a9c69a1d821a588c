"""The navigator: the Qt-free arrangement of entries into groups, its item model and its expansion helper."""
