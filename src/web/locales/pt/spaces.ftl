# spaces
