lua -e "for i = -1, #arg do print(i, arg[i]) end" -e "print(...)"
