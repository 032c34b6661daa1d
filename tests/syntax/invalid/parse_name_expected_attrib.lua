local x < > = 1
