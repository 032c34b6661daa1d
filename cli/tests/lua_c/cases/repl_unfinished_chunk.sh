lua -i < unfinished.txt
