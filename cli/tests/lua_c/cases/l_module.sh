lua -l greet -e "print(greet.name)"
