local x <CONST> = 1
