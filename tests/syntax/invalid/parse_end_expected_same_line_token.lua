do x = 1 until
