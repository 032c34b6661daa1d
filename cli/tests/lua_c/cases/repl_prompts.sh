lua -i < prompts.txt
