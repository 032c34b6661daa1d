print("bye")
os.exit(256 + 7)
