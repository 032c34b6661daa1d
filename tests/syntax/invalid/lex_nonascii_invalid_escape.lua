local s = "é\é"
