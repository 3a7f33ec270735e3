# Python's websockets (Debian's python3-websockets) against the echo server: text, binary, a 1 MB
# message, a ping, then the closing handshake. Offers permessage-deflate, as the library does by default.
import asyncio, sys, websockets

async def main(url):
    async with websockets.connect(url, max_size=2**24) as ws:
        await ws.send("héllo")
        assert await ws.recv() == "héllo"
        await ws.send(b"\x00\x01\x02")
        assert await ws.recv() == b"\x00\x01\x02"
        big = "x" * 1000000
        await ws.send(big)
        assert await ws.recv() == big
        pong = await ws.ping(b"p")
        await asyncio.wait_for(pong, 10)
        print("extensions:", ws.response_headers.get("Sec-WebSocket-Extensions"))
    print("closed:", ws.close_code)

asyncio.run(main(sys.argv[1]))
