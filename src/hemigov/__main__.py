from hemigov.cli import main

main()
