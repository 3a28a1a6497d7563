package io.pgextra.hibernate.test.signals.model;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;

/** A plain single-table entity with an {@code IDENTITY} key, a unique name and an element collection. */
@Entity
public class Note {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Column(unique = true, nullable = false)
	public String name;

	public String text;

	public int hits;

	@ElementCollection
	@CollectionTable(name = "note_tag", joinColumns = @JoinColumn(name = "note_id"))
	@Column(name = "tag")
	public List<String> tags = new ArrayList<>();

	public Note() {
	}

	public Note(String name, String text) {
		this.name = name;
		this.text = text;
	}
}
