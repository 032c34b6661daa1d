print(1,)
