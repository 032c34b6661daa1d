-- A module returning a table; it prints the arguments its loader gets.
print("loading simple", ...)
return { name = "simple" }
