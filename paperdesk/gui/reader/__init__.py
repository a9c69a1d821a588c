"""The reader: a web view showing one entry, its page policy, the highlight layer and the bridge protocol."""
