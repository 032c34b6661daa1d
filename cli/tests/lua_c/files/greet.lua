print("loading greet", ...)
return { name = "greet" }
