"""Python 3 workload for the real-program benchmark: the interpreter running a
mix of dictionaries, strings, classes, generators and integer arithmetic.
Prints one checksum line that must be the same everywhere.
Usage: python3 pybench.py ROUNDS
"""
import sys


class Account:
    def __init__(self, name, balance):
        self.name = name
        self.balance = balance

    def move(self, other, amount):
        if self.balance >= amount:
            self.balance -= amount
            other.balance += amount
            return True
        return False


def words(seed, count):
    x = seed
    for _ in range(count):
        x = (x * 1103515245 + 12345) & 0x7fffffff
        yield 'w%x' % (x % 5000)


def round_(seed):
    freq = {}
    for w in words(seed, 20000):
        freq[w] = freq.get(w, 0) + 1
    top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:50]
    text = ' '.join(k for k, _ in top)
    accounts = [Account('a%d' % i, 100 + i) for i in range(200)]
    moved = 0
    for i in range(20000):
        a = accounts[(i * 7) % 200]
        b = accounts[(i * 13 + 5) % 200]
        moved += a.move(b, (i % 37) + 1)
    fib = [0, 1]
    for _ in range(300):
        fib.append(fib[-1] + fib[-2])
    digest = 0
    for ch in text.upper().replace('W', 'v'):
        digest = (digest * 31 + ord(ch)) & 0xffffffff
    total = sum(acc.balance for acc in accounts)
    return (digest ^ moved ^ total ^ (fib[-1] & 0xffffffff)) & 0xffffffff


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    check = 0
    for r in range(rounds):
        check = (check * 1000003 ^ round_(r + 1)) & 0xffffffff
    print('python rounds=%d checksum=%08x' % (rounds, check))


main()
