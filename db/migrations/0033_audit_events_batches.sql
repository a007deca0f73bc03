-- Issue 15: the staff trail searched by a common name reads the events naming many subjects (queue
-- exports with names, migration 0032) newest first until its page is full. Their rows carry no
-- event order, so without this index it read every such row and sorted them (2.6 s at 1M events).
-- Few events match the condition (one a 5,000-row export page): the index is small.
CREATE INDEX "audit_events_batches" ON "audit_events" USING btree ("id") WHERE details ? 'subjects';
