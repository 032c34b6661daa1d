lua -v
lua -v -e "print'hello'"
