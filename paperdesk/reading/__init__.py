"""What a reader reaches for around an entry: citations, deep links, the source file and the paper."""
