#!/usr/bin/python3
"""Generate the input file of the compression benchmarks: deterministic,
text-like data (words with a skewed frequency, numbers, punctuation, line
breaks) that compresses about as well as prose or source code does.

Usage: gen-data.py OUTFILE SIZE_IN_KIB
"""
import random
import sys

SYLLABLES = ['ka', 'to', 'ri', 'men', 'sal', 'qu', 'ex', 'dor', 'li', 'an', 'fe',
             'pro', 'sys', 'tem', 'vo', 'ne', 'st', 'ing', 'ed', 'un', 'ble', 'or']


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    path, size = sys.argv[1], int(sys.argv[2]) * 1024
    rng = random.Random(20240501)
    words = [''.join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))
             for _ in range(3000)]
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    out = []
    length = 0
    while length < size:
        line = rng.choices(words, weights, k=rng.randint(4, 14))
        if rng.random() < 0.3:
            line.insert(rng.randrange(len(line)), str(rng.randint(0, 99999)))
        text = ' '.join(line) + rng.choice(['.', ',', ';', ':', '!', '?']) + '\n'
        out.append(text)
        length += len(text)
    data = ''.join(out)[:size].encode()
    with open(path, 'wb') as f:
        f.write(data)


if __name__ == '__main__':
    main()
