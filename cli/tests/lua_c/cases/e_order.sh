# -e chunks run in order, between -l and -W as they come
lua -e "x = 1" -e "print(x)" "-ex = x + 1" -e "print(x)"
