lua -e a
