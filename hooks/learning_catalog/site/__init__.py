"""What the site shows: the pages and their one ``Renderer`` (templates), the interface languages, the explorer's
data, search, open data exports, feeds, statistics, the offline edition and the shared page shells. Imports only
the contract."""
