local s = "\u{12x}"
