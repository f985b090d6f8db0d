def render_feeds(site, env):
    return ()
