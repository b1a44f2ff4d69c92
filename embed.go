package leakwatch

import "embed"

// Data holds the files under data/: the default sources list, the demo site's
// articles and the bundled sample articles.
//
//go:embed all:data
var Data embed.FS
