package io.pgextra.hibernate.test.model;

import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;

/** Link tables: a many-to-many join table and an element collection table. */
@Entity
public class Article {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	public String title;

	@ManyToMany
	@JoinTable(name = "article_tag", joinColumns = @JoinColumn(name = "article_id"),
			inverseJoinColumns = @JoinColumn(name = "tag_id"))
	public Set<Category> tags = new HashSet<>();

	@ElementCollection
	@CollectionTable(name = "article_label", joinColumns = @JoinColumn(name = "article_id"))
	// not null: the set's table then has the primary key (article_id, label) on every Hibernate line (7.1 makes
	// none for a nullable element column)
	@Column(name = "label", nullable = false)
	public Set<String> labels = new HashSet<>();
}
