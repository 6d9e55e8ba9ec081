# etstats in a slim image, run as an unprivileged user.
# docker build -t etstats . && docker run -v etstats-data:/data -e ETSTATS_DATABASE_URL=... etstats
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip wheel --no-cache-dir --wheel-dir /wheels '.[postgres]'

FROM python:3.11-slim
RUN useradd --system --uid 10001 --user-group --home-dir /data --create-home etstats
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels 'etstats[postgres]' && rm -rf /wheels
USER etstats
WORKDIR /data
ENV PYTHONUNBUFFERED=1 \
    ETSTATS_DATABASE_URL=sqlite:////data/etstats.db \
    ETSTATS_WATCH_DIR=/data/gamestats \
    ETSTATS_ARCHIVE_DIR=/data/archive \
    ETSTATS_HEARTBEAT_FILE=/tmp/etstats.alive
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "etstats.monitor.heartbeat", "/tmp/etstats.alive"]
ENTRYPOINT ["etstats"]
CMD ["run"]
