from hemigov.cli import main

if __name__ == "__main__":  # a multiprocessing spawn under ``python -m hemigov`` must not run the CLI again
    main()
