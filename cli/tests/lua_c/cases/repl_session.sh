lua -i < session.txt
