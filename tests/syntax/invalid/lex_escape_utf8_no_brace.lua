local s = "\u123"
