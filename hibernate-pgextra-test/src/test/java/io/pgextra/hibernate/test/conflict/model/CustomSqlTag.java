package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import org.hibernate.annotations.SQLInsert;

/** An entity whose insert is custom SQL, which an upsert would bypass. */
@Entity
@SQLInsert(sql = "INSERT INTO customsqltag (label, name, id) VALUES (upper(?), ?, ?)")
public class CustomSqlTag {
	@Id
	public Long id;

	@Column(unique = true, nullable = false)
	public String name;

	public String label;
}
