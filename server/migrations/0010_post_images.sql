-- A post's optional image: the finished tus upload holding it (its file stays under
-- --upload-dir) and the format its bytes were recognised as. posts.image_url is then
-- /media/posts/{id}.{image_format}. An upload becomes at most one post's image, deleted posts
-- included (entries.upload_id is checked separately when a post is created).
ALTER TABLE posts ADD COLUMN image_upload_id TEXT REFERENCES uploads(id);
ALTER TABLE posts ADD COLUMN image_format TEXT CHECK (image_format IN ('jpg', 'png', 'webp', 'gif'));
CREATE UNIQUE INDEX posts_by_image_upload ON posts(image_upload_id) WHERE image_upload_id IS NOT NULL;
