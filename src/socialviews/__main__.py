from socialviews.cli import main

main()
