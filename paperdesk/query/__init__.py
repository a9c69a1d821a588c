"""The filter language and the search index over entries and annotations."""
