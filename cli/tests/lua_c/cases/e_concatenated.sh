lua "-eprint(1)" -ea=3 -e "print(a)"
