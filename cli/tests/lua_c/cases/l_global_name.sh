lua -l g=greet -l 'str=string' '-lm=math' -e "print(g.name, greet, str.upper('x'), m.max(1, 2))"
