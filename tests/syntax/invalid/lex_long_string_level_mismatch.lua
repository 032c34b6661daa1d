local s = [==[ text ]=] more ]] and ]===]
print(s)
