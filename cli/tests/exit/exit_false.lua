-- os.exit(false) is EXIT_FAILURE; the status keeps the low 8 bits of a number.
print("bye")
os.exit(false)
