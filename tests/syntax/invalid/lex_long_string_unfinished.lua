local s = [[abc

def
print(s)
