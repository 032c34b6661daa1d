print(X, x)
