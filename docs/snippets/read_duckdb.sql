-- Each quote with its speaker: quotes.speaker is a foreign key to persons.id.
-- Run from the unzipped release folder; read_csv takes the header and the
-- column types from the file, and reads an empty cell as NULL.
SELECT p.name AS speaker, p.office, q.text
FROM read_csv('data/quotes.csv') AS q
JOIN read_csv('data/persons.csv') AS p ON q.speaker = p.id
ORDER BY q.id;
