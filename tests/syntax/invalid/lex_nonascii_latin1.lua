local s = été
