local s = [=x]=]
