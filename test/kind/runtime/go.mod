module devnet.local/test/kind/runtime

go 1.26.0
