local s = "naïve
print(s)
