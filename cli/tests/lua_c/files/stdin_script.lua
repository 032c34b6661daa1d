print("from stdin", ...)
print(arg[0], arg[1], arg[2])
