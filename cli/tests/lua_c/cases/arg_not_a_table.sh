echo '' | lua -e "arg = 1" -
