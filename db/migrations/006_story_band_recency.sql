-- assignStory reads the newest stories of each band; this index serves that without scanning a popular band
CREATE INDEX story_bands_band_recent ON story_bands (band, created_at DESC);
