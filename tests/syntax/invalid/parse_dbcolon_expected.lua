::lbl x = 1
