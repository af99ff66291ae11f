-- Namespaces of the governed store.
CREATE NAMESPACE IF NOT EXISTS ${catalog}.scored;
CREATE NAMESPACE IF NOT EXISTS ${catalog}.ops;
